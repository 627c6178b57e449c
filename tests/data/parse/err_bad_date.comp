competency x "X" {
  effective 2017-02-30
}
