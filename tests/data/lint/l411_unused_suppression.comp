# Suppressions that silence nothing: each is reported at its comment.
catalog unused "Test catalog" {
  exam T-A "Exam A"
  exam T-B "Exam B"
}

competency unused "Unused suppressions" {
  source "test fixture"

  option o "O" {
    level silver {
      1 person passes one_of(T-A, T-A)  # competency: ignore[L401]
      1 person passes one_of(T-A, T-B)  # competency: ignore[L401]
      # competency: ignore[X999, S1]
      1 person passes T-B
    }
  }
}
