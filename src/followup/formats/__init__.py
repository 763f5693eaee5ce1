"""Meeting people in their other tools: calendar (iCalendar), spreadsheet (CSV) and backup (JSON).

Exports are functions of the stored data and the day; imports validate the whole file before the
store is touched, so a bad file changes nothing. Nothing here prints.
"""

from followup.formats.backup import export_document, export_json, import_json, read_export
from followup.formats.calendar import DEFAULT_ICS_DAYS, action_uid, export_ics, interview_uid
from followup.formats.common import EXPORT_FORMAT, FORMATS, ImportFileError, ImportReport
from followup.formats.spreadsheet import CSV_COLUMNS, export_csv, import_csv, read_csv, spreadsheet_safe

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_ICS_DAYS",
    "EXPORT_FORMAT",
    "FORMATS",
    "ImportFileError",
    "ImportReport",
    "action_uid",
    "export_csv",
    "export_document",
    "export_ics",
    "export_json",
    "import_csv",
    "import_json",
    "interview_uid",
    "read_csv",
    "read_export",
    "spreadsheet_safe",
]
