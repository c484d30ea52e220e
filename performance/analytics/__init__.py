"""F8 analytics: pure statistics (itemstats, effectiveness), the selectors
that gather their inputs in SQL, and the HR / trainer report views."""
