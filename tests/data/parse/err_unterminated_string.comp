competency x "X" {
  option o "O" {
    level silver {
      1 person passes "PMI-ACP
    }
  }
}
