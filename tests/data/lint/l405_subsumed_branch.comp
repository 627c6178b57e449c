catalog l405 "Test catalog" {
  exam T-A "Exam A"
  exam T-B "Exam B"
}

competency l405 "Subsumed branch" {
  source "test fixture"

  option o "O" {
    level silver {
      either {
        2 persons each pass T-A
      } or {
        1 person passes T-A
      }
      either {
        1 person passes T-A
      } or {
        1 person passes T-B
      }
    }
  }
}
