# British English, as continental-European institutions write it: 2 September 2025, 24-hour clock
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
