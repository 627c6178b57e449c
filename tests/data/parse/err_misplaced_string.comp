competency x "X" {
  option o "O" "again" {
  }
}
