competency names "Unknown names" {
  option o "O" {
    level silver {
      1 person passes one_of(MB2-714, MB2-999)
      metric revenue >= 1 USD
      association dpor or digital-partner-of-record
      attribute hub
    }
    level platinum {
    }
  }
}
