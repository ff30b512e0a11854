"""Qt widgets of the technician app: windows, dialogs, item models, the signature pad."""
