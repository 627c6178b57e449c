# The credentials, metrics and names the diff fixtures use.
catalog diff-fixture "Widgets for the diff tests" {
  exam W-100 "Widget Fundamentals"
  exam W-200 "Building Widgets"
  exam W-300 "Testing Widgets" retired 2020-03-31 accepted until 2020-12-31
  exam W-400 "Shipping Widgets"
  certification W-CERT "Certified Widget Expert"
  metric w-revenue "Widget revenue" unit USD
  metric w-customers "Widget customers" unit customers
  metric w-growth "Widget growth" unit percent
  association w-reseller "Widget Reseller"
  association w-distributor "Widget Distributor"
  attribute w-authorized "Authorized widget partner"
}
