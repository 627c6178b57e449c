competency x "X" {
  source "café"
}
