"""Helpers every app shares — view responses, upload checks, the workbook writer, the collector
pause. The bottom layer: it imports Django and libraries, never an app of the portal."""
