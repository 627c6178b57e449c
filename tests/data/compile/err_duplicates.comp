catalog dup "Duplicates" {
  exam D-1 "One"
  exam D-1 "One again"
  metric seats "Seats" unit seats
  metric seats "Seats again" unit seats
}
competency duplicates "Duplicates" {
  effective 2018-01-01
  levels silver < gold < silver
  group g "G" = D-1
  group g "G again" = D-1
  group D-1 "Clashes with a credential" = MB2-714
  option o "O" {
    level silver {
    }
    level silver {
    }
  }
  option o "O again" {
  }
}
competency duplicates "Duplicates" {
  effective 2018-01-01
}
