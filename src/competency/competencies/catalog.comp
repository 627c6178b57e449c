# The Microsoft Partner Network's credentials, metrics, associations and attributes,
# shared by every built-in competency. Dates come from the footnotes of the competency
# pages: an exam retired on one date may still be accepted until a later one.

catalog mpn "Microsoft Partner Network (competency program, 2017-2019)" {
  # Dynamics CRM / Dynamics 365 Customer Engagement
  exam MB2-706 "Microsoft Dynamics CRM Online Deployment"
  exam MB2-707 "Microsoft Dynamics CRM Customization and Configuration"
  exam MB2-709 "Dynamics CRM Marketing" retired 2017-12-31 accepted until 2018-12-31
  exam MB2-710 "Microsoft Dynamics CRM Online Deployment (2015)"
  exam MB2-712 "Microsoft Dynamics CRM 2016 Customization and Configuration"
  exam MB2-713 "Microsoft Dynamics CRM 2016 Sales"
  exam MB2-714 "Dynamics CRM Customer Service"
  exam MB2-715 "Microsoft Dynamics 365 customer engagement Online Deployment"
  exam MB2-716 "Microsoft Dynamics 365 Customization and Configuration"
  exam MB2-717 "Microsoft Dynamics 365 for Sales"
  exam MB2-718 "Microsoft Dynamics 365 for Customer Service"
  exam MB2-877 "Microsoft Dynamics 365 for Field Service" available 2018-01-01

  metric crm-net-new-revenue "Net new cloud revenue from CRM Online / Dynamics 365 Customer Engagement (formerly Plan 1), trailing twelve months" unit USD

  association digital-partner-of-record "Digital Partner of Record"
}
