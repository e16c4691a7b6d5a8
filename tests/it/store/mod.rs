mod repro;
