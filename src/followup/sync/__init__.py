"""Two computers, one history: followup's own merge of two stores (merge.py), and the ways their
changes travel: a git remote (git.py) or a shared folder's conflict copies (folder.py)."""
