catalog l412 "Test catalog" {
  exam T-A "Exam A"
  exam T-B "Exam B"
  exam T-C "Exam C"
}

competency l412 "And and or mixed" {
  source "test fixture"

  group either-two "A and B, or C" = T-A and T-B or T-C

  option o "O" {
    level silver {
      1 person passes T-A or T-B and T-C
      1 person passes (T-A and T-B) or T-C
      1 person passes T-A and (T-B or T-C)
      1 person passes one_of(T-A and T-B, T-C)
    }
  }
}
