# header comment

catalog x "X" {   # trailing on catalog
  # before exam
  exam A "a"
  exam B "b" retired 2017-01-01   # trailing exam
  metric m "M" unit USD
}
competency c "C" {
  # before source
  effective 2017-01-01
  source "s"
  option o "O" { level silver { metric m >= 5 USD in developed,
       10 USD in developing  # wrong way
     # inside
     either { 1 person passes A } or {
     # second branch
     1 person passes A or B } # after either
  }
  # end of option
  }
} # end
# final
