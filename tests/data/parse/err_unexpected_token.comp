competency x "X" {
  option o "O" {
    level silver {
      2 persons each pass
    }
  }
}
