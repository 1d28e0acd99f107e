"""The staff console (README "Staff console"): what patients ask, what PainPath missed, where
safety replies went and which answers are due for review, under /staff/ on the widget server.

`install_staff_console(app)` adds the routes (`bot.staff.web`); `python -m bot.staff` manages
staff users and folds the tracker store into the console's per-day aggregates (`bot.staff.fold`).
"""
