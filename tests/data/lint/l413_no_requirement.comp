catalog l413 "Test catalog" {
  exam T-A "Exam A"
}

competency l413 "No requirement" {
  source "test fixture"

  option o "O" {
    level silver {
    }
    level gold {
      either {
        2 persons each pass T-A
      } or {
      }
    }
  }
}
