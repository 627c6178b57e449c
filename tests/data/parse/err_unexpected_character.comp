competency x "X" {
  option o "O" {
    level silver {
      1 person passes MB2-714 & MB2-710
    }
  }
}
