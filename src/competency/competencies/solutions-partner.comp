# The Solutions Partner program (2022 on): the certifications and metrics its designations
# are scored from. Dates come from the footnotes of the designation pages (2023-06-13): a
# certification "retired on DATE, eligible through MONTH YEAR" counts until the last day of
# that month; "not eligible effective DATE" counts until the day before.
# Certifications keep their official names as titles (without "Microsoft Certified:").

catalog solutions-partner "Microsoft Solutions Partner program (partner capability score, 2022 on)" {
  # ---- Azure: prerequisite steps (data-ai, infrastructure, digital-app-innovation)
  certification azure-solutions-architect-expert "Azure Solutions Architect Expert"
  certification azure-administrator-associate "Azure Administrator Associate"

  # ---- Azure: Data & AI, intermediate
  certification azure-database-administrator-associate "Azure Database Administrator Associate"
  certification azure-ai-engineer-associate "Azure AI Engineer Associate"
  certification azure-data-scientist-associate "Azure Data Scientist Associate"
  certification azure-data-engineer-associate "Azure Data Engineer Associate"
  certification data-analyst-associate "Data Analyst Associate"  # also Business Applications
  certification customer-data-platform-specialty "Customer Data Platform Specialty"  # also Business Applications
  certification azure-cosmos-db-developer-specialty "Azure Cosmos DB Developer Specialty"

  # ---- Azure: Infrastructure, intermediate and advanced
  certification azure-network-engineer-associate "Azure Network Engineer Associate"
  certification azure-stack-hub-operator-associate "Azure Stack Hub Operator Associate" retired 2023-07-31 accepted until 2024-07-31
  certification windows-server-hybrid-administrator-associate "Windows Server Hybrid Administrator Associate"
  certification azure-virtual-desktop-specialty "Azure Virtual Desktop Specialty"
  certification azure-for-sap-workloads-specialty "Azure for SAP Workloads Specialty"

  # ---- Azure: Digital & App Innovation, intermediate and advanced
  certification azure-developer-associate "Azure Developer Associate"
  certification power-platform-developer-associate "Power Platform Developer Associate"  # also Business Applications
  certification azure-iot-developer-specialty "Azure IoT Developer Specialty" retired 2023-07-31 accepted until 2024-07-31
  certification devops-engineer-expert "Azure DevOps Engineer Expert"
  certification power-platform-solution-architect-expert "Power Platform Solution Architect Expert"  # also Business Applications

  # ---- Business Applications, intermediate
  certification d365-finance-functional-consultant-associate "Dynamics 365 Finance Functional Consultant Associate"
  certification d365-commerce-functional-consultant-associate "Dynamics 365 Commerce Functional Consultant Associate"
  certification d365-finance-operations-apps-developer-associate "Dynamics 365: Finance and Operations Apps Developer Associate"
  certification d365-supply-chain-functional-consultant-associate "Dynamics 365 Supply Chain Management Functional Consultant Associate"
  certification d365-supply-chain-manufacturing-functional-consultant-associate "Dynamics 365 Supply Chain Management, Manufacturing Functional Consultant Associate"
  certification d365-customer-service-functional-consultant-associate "Dynamics 365 Customer Service Functional Consultant Associate" retired 2023-06-30 accepted until 2024-06-30
  certification d365-sales-functional-consultant-associate "Dynamics 365 Sales Functional Consultant Associate"
  certification d365-field-service-functional-consultant-associate "Dynamics 365 Field Service Functional Consultant Associate"
  certification d365-business-central-functional-consultant-associate "Dynamics 365 Business Central Functional Consultant Associate"
  certification d365-marketing-functional-consultant-associate "Dynamics 365 Marketing Functional Consultant Associate"
  # The page gives no retirement date, only the last day it counts.
  certification power-platform-app-maker-associate "Power Platform App Maker Associate" accepted until 2023-11-30
  certification power-platform-functional-consultant-associate "Power Platform Functional Consultant Associate"
  certification azure-enterprise-data-analyst-associate "Azure Enterprise Data Analyst Associate"
  certification power-automate-rpa-developer-associate "Power Automate RPA Developer Associate"

  # ---- Business Applications, advanced
  certification d365-supply-chain-functional-consultant-expert "Dynamics 365 Supply Chain Management Functional Consultant Expert"
  certification d365-finance-operations-apps-solution-architect-expert "Dynamics 365: Finance and Operations Apps Solution Architect Expert"
  certification d365-power-platform-solution-architect-expert "Dynamics 365 + Power Platform Solution Architect Expert" retired 2021-06-30 accepted until 2023-06-30

  # ---- Azure metrics (trailing twelve months; eligible services, offers and associations per the page)
  metric azure-net-customer-adds "Net new Azure customers: customer tenants with at least USD 1,000 ACR in one of the last two months, now minus a year ago" unit customers
  metric azure-usage-growth-pct "Growth of qualifying Azure consumed revenue (ACR), last month against the same month a year ago" unit percent
  metric azure-qualifying-acr-ttm "Qualifying Azure consumed revenue (ACR) across the customer base, trailing twelve months" unit USD
  metric azure-deployments "Distinct Azure services (Service Level 2, except Virtual Machines) with ACR above zero across the customer base, last twelve months" unit deployments

  # ---- Business Applications metrics (MCV: monthly consumption value, a weighted usage, not dollars)
  metric ba-classification-workloads "Distinct workloads contributing more than USD 5,000 per customer tenant both one and thirteen months ago (5 or more: Enterprise)" unit workloads
  metric ba-enterprise-net-workload-adds "Net workloads added (at least USD 1,500 a month per customer tenant), now minus twelve months ago" unit workloads
  metric ba-smb-net-workload-adds "Net workloads added (at least USD 250 a month per customer tenant), now minus twelve months ago" unit workloads
  metric ba-mcv-baseline "Monthly consumption value (MCV) across the customer base twelve months ago" unit mcv
  metric ba-usage-growth-pct "Growth of monthly consumption value (MCV), last month against the same month a year ago" unit percent
  metric ba-enterprise-net-deployments "Net deployments (workloads of at least 10,000 MCV per customer tenant), last month minus a year ago" unit deployments
  metric ba-smb-net-deployments "Net deployments (workloads of at least 5,000 MCV per customer tenant), last month minus a year ago" unit deployments
}
