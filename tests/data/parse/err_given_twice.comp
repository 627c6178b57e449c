competency x "X" {
  effective 2017-07-07
  effective 2017-12-15
}
