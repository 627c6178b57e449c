# Names the catalog does not know (R200-R204) and ids declared twice (R205).
catalog names "Test catalog" {
  exam T-A "Exam A"
  exam T-A "Exam A again"
}

competency names "Unknown names" {
  source "test fixture"

  option o "O" {
    level silver {
      metric no-such-metric >= 5
      association no-such-association
      attribute no-such-attribute
      1 person passes T-A or NO-SUCH-EXAM
    }
    level platinum {
      1 person passes T-A
    }
  }

  option o "O again" {
  }
}
