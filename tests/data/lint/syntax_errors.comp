# Three mistakes; the parser recovers after each and reports them all.
competency syntax-errors "Syntax errors" {
  source "test fixture"
  option o "O" {
    level silver {
      metric >= 5
      2 persons pass one_of(T-A, T-B
    }
    level gold {
      3 persons each pass T-A ; T-B
    }
  }
}
