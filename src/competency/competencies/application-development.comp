# Application Development: one option (Application Builder), Silver by exams from three
# focus areas, Gold by certification.

competency application-development "Application Development" {
  source "Microsoft Docs, Partner Center: Application Development competency (page as last published, 2018-2019)"

  group web-app-dev "Web App Dev" = one_of(70-480, 70-483, 70-486)
  group universal-windows-platform "Universal Windows Platform" = one_of(70-357, 70-354, 70-355)
  group azure-app-dev "Azure App Dev" = one_of(70-532, 70-487, 70-533)

  option application-builder "Application Builder" {
    level silver {
      # "2 individuals pass one of the following exams": each person passes any one exam of
      # any focus area. "Choose exams from the focus area of your choice" is read as advice,
      # not as both persons having to share one focus area (the Datacenter page says the same
      # and asks for "any one of the exams"). The page also says "or the assessment
      # requirements" but lists no assessment, so there is no assessment route to encode.
      2 persons each pass one_of(web-app-dev, universal-windows-platform, azure-app-dev)
    }
    level gold {
      4 persons each pass MCSD-APP-BUILDER
    }
  }
}
