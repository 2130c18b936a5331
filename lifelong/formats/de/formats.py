# German dates as German institutions print them: 02.09.2025
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y, H:i \\U\\h\\r"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
