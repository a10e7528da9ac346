"""Reading province score spreadsheets: safe opening, Vietnamese text and numbers, layouts."""
