# Cloud Platform: one option (Azure Consumption). People qualify by an assessment OR by
# an exam: N persons passing assessments, or N passing exams (not a mix of the two).

competency cloud-platform "Cloud Platform" {
  source "Microsoft Docs, Partner Center: Cloud Platform competency (page as last published, 2018-2019)"

  group assessments "Cloud Platform assessments" = one_of(ta-cloud-platform,
    ta-azure-data-analytics, ta-azure-app-development, ta-azure-iot, ta-azure-remote-desktop)
  # 70-534 retires 2017-12-31 and is accepted until 2018-12-31 (see the catalog).
  group exams "Cloud Platform exams" = one_of(70-532, 70-533, 70-534, 70-535, 70-473, 70-475,
    MCSA-LINUX-ON-AZURE)

  option azure-consumption "Azure Consumption" {
    level silver {
      metric azure-consumption >= 15_000 USD in developed, 10_000 USD in developing
      association digital-partner-of-record or transacting-partner-of-record
      either {
        1 person passes assessments
      } or {
        1 person passes exams
      }
    }
    level gold {
      metric azure-consumption >= 100_000 USD
      association digital-partner-of-record or transacting-partner-of-record
      either {
        2 persons each pass assessments
      } or {
        2 persons each pass exams
      }
    }
  }
}
