catalog l401 "Test catalog" {
  exam T-A "Exam A"
  exam T-B "Exam B"
}

competency l401 "Duplicate item" {
  source "test fixture"

  option o "O" {
    level silver {
      1 person passes one_of(T-A, T-B, T-A)
      1 person passes T-B and T-A and T-B
    }
  }
}
