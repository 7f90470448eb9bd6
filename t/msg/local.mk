# t/msg: tests
