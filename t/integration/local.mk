# t/integration: tests
