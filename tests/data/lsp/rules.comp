# Uses every kind of name the fixture catalog declares.
competency fixture-rules "Fixture rules" {
  levels silver < gold
  group admins "Administrators" = one_of(T-200, T-CERT)

  option main "Main" {
    level silver {
      metric fixture-revenue >= 10_000 USD
      association fixture-partner
      2 persons each pass T-100
    }
    level gold {
      attribute fixture-audited
      1 person passes admins
    }
  }
}
