catalog c "C" {
  exam MB2-709 "Marketing" retired 2017-12-31 retired 2018-12-31
}
