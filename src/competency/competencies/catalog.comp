# The Microsoft Partner Network's credentials, metrics, associations and attributes,
# shared by every built-in competency. Dates come from the footnotes of the competency
# pages: an exam retired on one date may still be accepted until a later one; a page that
# gives only a retirement date ("Retiring September 30, 2017") accepts the exam until then.
# Exams and certifications keep their official ids and names; assessments have no official
# id, so they get short `ta-...` ids with their full name as title.

catalog mpn "Microsoft Partner Network (competency program, 2017-2019)" {
  # ---- Dynamics CRM / Dynamics 365 Customer Engagement (cloud-crm, cloud-business-applications)
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
  # The Cloud CRM page says "Available January 2018"; the Cloud Business Applications page
  # has a "new exam available from December 2017" footnote that marks no exam. A credential
  # has one date, so the explicit one is kept (it also keeps cloud-crm's rules unchanged).
  exam MB2-877 "Microsoft Dynamics 365 for Field Service" available 2018-01-01

  # ---- Dynamics 365 for Finance and Operations (cloud-business-applications)
  # Marked "new exam available from December 2017"; the Gold list's stray first line says
  # November 2017, but that line is the stale one (see cloud-business-applications.comp).
  exam MB6-894 "Development, Extensions and Deployment for Microsoft Dynamics 365 for Finance and Operations" available 2017-12-01
  exam MB6-895 "Financial Management in Microsoft Dynamics 365 for Finance and Operations"
  exam MB6-896 "Distribution and Trade in Microsoft Dynamics 365 for Finance and Operations"
  exam MB6-897 "Microsoft Dynamics 365 for Retail"

  # ---- Azure (cloud-platform, application-development, cloud-business-applications, data-analytics)
  exam 70-473 "Designing and Implementing Cloud Data Platform Solutions"
  exam 70-475 "Designing and Implementing Big Data Analytics Solutions"
  exam 70-487 "Developing Windows Azure and Web Services"
  exam 70-532 "Developing Microsoft Azure Solutions"
  exam 70-533 "Implementing Microsoft Azure Infrastructure Solutions"
  exam 70-534 "Architecting Microsoft Azure Solutions" retired 2017-12-31 accepted until 2018-12-31
  exam 70-535 "Architecting Microsoft Azure Solutions"  # the same name as 70-534, which it replaces
  certification MCSA-LINUX-ON-AZURE "MCSA: Linux on Azure"
  assessment ta-cloud-platform "Technical Assessment for Cloud Platform"
  assessment ta-azure-data-analytics "Technical Assessment for Using Azure for Data Analytics and Data Platform Solutions"
  assessment ta-azure-app-development "Technical Assessment for Using Microsoft Azure for Application Development"
  assessment ta-azure-iot "Technical Assessment for Using Azure for Internet of Things Solutions"
  assessment ta-azure-remote-desktop "Technical Assessment for Using Azure Remote Desktop Service"

  # ---- Application development (application-development, windows-and-devices)
  exam 70-354 "Universal Windows Platform - App Architecture and UX/UI" retired 2017-09-30
  exam 70-355 "Universal Windows Platform - App Data, Services, and Coding Patterns" retired 2017-09-30
  exam 70-357 "Developing Mobile Apps"
  exam 70-480 "Programming in HTML5 with JavaScript and CSS3"
  exam 70-483 "Programming in C#"
  exam 70-486 "Developing ASP.NET MVC Web Applications"
  certification MCSD-APP-BUILDER "MCSD: App Builder"

  # ---- Office 365 (cloud-productivity, windows-and-devices)
  exam 70-346 "Managing Office 365 Identities and Requirements"
  exam 70-347 "Enabling Office 365 Services"
  certification MCSA-OFFICE-365 "MCSA: Office 365"

  # ---- Data analytics (data-analytics)
  exam 70-767 "Implementing a SQL Data Warehouse"
  exam 70-768 "Developing SQL Data Models"
  exam 70-773 "Analyzing Big Data with Microsoft R"
  exam 70-774 "Perform Cloud Data Science with Azure Machine Learning"
  exam 70-775 "Perform Data Engineering on Microsoft HD Insight"
  assessment ta-data-analytics-foundational "Technical Assessment Data Analytics Foundational"
  assessment ta-data-analytics-bi "Technical Assessment Business Intelligence for Data Analytics"
  assessment ta-data-analytics-advanced "Technical Assessment Advanced Analytics for Data Analytics"
  assessment ta-data-analytics-big-data "Technical Assessment Big Data for Data Analytics"

  # ---- Windows Server and System Center (datacenter)
  exam 70-246 "Monitoring and Operating a Private Cloud with System Center 2012" retired 2017-12-31 accepted until 2018-12-31
  exam 70-247 "Configuring and Deploying a Private Cloud with System Center 2012" retired 2017-12-31 accepted until 2018-12-31
  exam 74-409 "Server Virtualization with Windows Server Hyper-V and System Center"
  exam 70-410 "Installing and Configuring Windows Server 2012"
  exam 70-411 "Administering Windows Server 2012"
  exam 70-412 "Configuring Advanced Windows Server 2012 Services"
  exam 70-413 "Designing and Implementing a Server Infrastructure"
  exam 70-414 "Implementing an Advanced Server Infrastructure"
  exam 70-417 "Upgrading Your Skills to MCSA Windows Server 2012"
  exam 70-740 "Installation, Storage, and Compute with Windows Server 2016"
  exam 70-741 "Networking with Windows Server 2016"
  exam 70-742 "Identity with Windows Server 2016"
  exam 70-743 "Upgrading Your Skills to MCSA: Windows Server 2016"
  exam 70-744 "Securing Windows Server 2016"
  certification MCSA-WINDOWS-SERVER-2012 "MCSA: Windows Server 2012"
  certification MCSA-WINDOWS-SERVER-2016 "MCSA: Windows Server 2016"

  # ---- Enterprise Mobility + Security (enterprise-mobility-management)
  assessment ta-ems-overview "Technical Assessment for Enterprise Mobility Suite Overview"
  assessment ta-mobile-device-management "Technical Assessment for Mobile Device Management"
  assessment ta-identity-access-management "Technical Assessment for Identity & Access Management"
  assessment ta-information-protection "Technical Assessment for Information Protection"
  assessment ta-cloud-app-security "Technical Assessment for Cloud App Security"

  # ---- Windows 10 and devices (windows-and-devices)
  exam 70-334 "Core Solutions of Skype for Business 2015"
  exam 70-398 "Planning for and Managing Devices in the Enterprise"
  exam 70-697 "Configuring Windows Devices"
  exam 70-735 "OEM Manufacturing and Deployment for Windows 10"
  assessment ta-windows-10-deployment "Windows 10 Deployment, Security and Management Assessment"
  assessment ta-iot-device-builder "IoT Device Builder Assessment for Windows 10"
  assessment ta-surface-hub "Surface Hub Assessment"

  # ---- metrics (trailing twelve months unless the title says otherwise)
  metric crm-net-new-revenue "Net new cloud revenue from CRM Online / Dynamics 365 Customer Engagement (formerly Plan 1), trailing twelve months" unit USD
  metric d365-operations-revenue "Revenue from Dynamics 365 Enterprise Plan (formerly Plan 2), Unified Operations Plan and associated applications, AX 2012 or Dynamics 365 for Operations on-premises" unit USD
  metric d365-operations-cloud-net-new-revenue "Net new cloud revenue from Dynamics 365 Enterprise Plan (formerly Plan 2), Unified Operations Plan and associated applications, trailing twelve months" unit USD
  metric azure-consumption "Azure consumption of the partner's customers, previous twelve months" unit USD
  metric o365-active-entitlements "Office 365 or ProPlus active entitlements deployed (active users; trial SKUs excluded)" unit active-users
  metric power-bi-seats "Power BI seats deployed" unit seats
  metric ems-new-customers "New Enterprise Mobility + Security customers added, last twelve months" unit customers
  metric ems-active-entitlements "Enterprise Mobility + Security active entitlements deployed (paid seats of Intune, Azure Information Protection or Azure AD Premium), last twelve months" unit seats
  metric surface-hub-devices-shipped "Surface Hub devices shipped, trailing twelve months" unit devices

  # ---- associations with the customers whose usage or revenue counts
  association digital-partner-of-record "Digital Partner of Record"
  association transacting-partner-of-record "Transacting Partner of Record"
  association delegated-administrator "Delegated Administrator (of the customers' Office 365, EMS or Intune subscriptions)"
  association fast-track-partner "FastTrack Partner"

  # ---- attributes
  attribute surface-hub-adr "Authorized Surface Hub reseller (ADR)"
}
