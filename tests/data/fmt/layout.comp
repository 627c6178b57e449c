catalog layout "Layout" { exam "T A" "Exam, quoted id" available 2017-01-01   exam T-B "Exam \"B\"" accepted until 2019-12-31 retired 2018-12-31
metric m "M" unit USD association assoc "An association" attribute attr "An attribute" }
competency layout "Free layout" { levels silver<gold<platinum effective 2017-01-01 source "page"
group g "G" = a_or_b
option o "O" { level platinum { } level silver {
  metric m>=1000000 USD in developed,500_000.50 USD in developing
  association assoc or assoc2 attribute attr
  same or different 3 individuals each pass ("T A" or T-B) and all_of(all_of(x, y), z), 1 of them also pass g, 2 of them also pass one_of(T-B)
  either { 1 individual passes all_of(T-B) } or { } or { either { 1 person passes x } or { 2 persons pass y } }
} } }
