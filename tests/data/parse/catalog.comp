catalog mpn "A catalog" {
  exam MB2-709 "Dynamics CRM Marketing" retired 2017-12-31 accepted until 2018-12-31
  exam MB2-877 "Field Service" available 2018-01-01
  exam 70-532 "Developing Microsoft Azure Solutions" available 2015-01-01 retired 2019-01-01
  assessment ta-cloud-platform "Technical Assessment for Cloud Platform"
  certification "MCSA: Office 365" "MCSA: Office 365"
  metric crm-net-new-revenue "CRM net new revenue" unit USD
  metric seats "Seats" unit seats
  association digital-partner-of-record "Digital Partner of Record"
  attribute surface-hub-adr "Authorized Surface Hub distributor"
}
catalog empty "Nothing yet" {
}
