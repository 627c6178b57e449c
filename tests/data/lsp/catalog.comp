# The fixture workspace's own catalog: ids the built-in catalog does not have.
catalog fixture "Fixture catalog" {
  exam T-100 "Fixture Fundamentals" available 2020-01-01 retired 2024-06-30
  exam T-200 "Fixture Administration"
  certification T-CERT "Fixture Certified Expert"
  metric fixture-revenue "Fixture revenue" unit USD
  association fixture-partner "Fixture partner of record"
  attribute fixture-audited "Audited by the fixture program"
}
