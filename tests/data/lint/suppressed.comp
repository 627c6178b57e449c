# Findings silenced by comments: only the last duplicate is reported.
catalog suppressed "Test catalog" {
  exam T-A "Exam A"
}

# competency: ignore[L406]
competency suppressed "Suppressed findings" {
  option o "O" {
    level silver {
      1 person passes one_of(T-A, T-A)  # competency: ignore[L401]
      # competency: ignore[L4]
      1 person passes one_of(T-A, T-A)
      1 person passes one_of(T-A, T-A)  # competency: ignore[L402, R200] (other codes)
    }
  }
}
