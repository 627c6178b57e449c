catalog c "C" {
  exam MB2-709 "Marketing" retired 2017-13-31
}
