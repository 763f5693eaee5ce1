"""The commands' work: load or change the data through the store, ask the rules, return data."""
