"""The office's records as spreadsheets: every kind of record, with status columns, Japanese
headers and labels (or codes for machines), and times in Japan time."""
