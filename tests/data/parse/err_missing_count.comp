competency x "X" {
  option o "O" {
    level silver {
      persons each pass MB2-714
    }
  }
}
