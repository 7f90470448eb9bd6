# msg: sources (filled in as the subsystem lands)
