# t/mon: tests
