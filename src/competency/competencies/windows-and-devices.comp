# Windows and Devices: three options. Service Partner and Device Partner: N persons from
# an exam focus area OR N from an assessment focus area. Surface Hub: devices shipped by
# an authorized reseller, plus assessed persons.

competency windows-and-devices "Windows and Devices" {
  source "Microsoft Docs, Partner Center: Windows and Devices competency (page as last published, 2018-2019)"

  # 70-354 and 70-355 retire 2017-09-30, with no extension (see the catalog).
  group application-builders "Application Builders" = one_of(70-354, 70-355, 70-357)
  group deployment-partner "Deployment Partner" = ta-windows-10-deployment
  group system-builder "System Builder" = 70-735
  group iot-device-builder "IoT Device Builder" = ta-iot-device-builder

  option service-partner "Service Partner" {
    level silver {
      either {
        2 persons each pass application-builders
      } or {
        2 persons each pass deployment-partner
      }
    }
    level gold {
      either {
        4 persons each pass application-builders
      } or {
        4 persons each pass deployment-partner
      }
    }
  }

  option device-partner "Device Partner" {
    level silver {
      either {
        2 persons each pass system-builder
      } or {
        2 persons each pass iot-device-builder
      }
    }
    level gold {
      either {
        4 persons each pass system-builder
      } or {
        4 persons each pass iot-device-builder
      }
    }
  }

  # "Shipped N devices in the TTM period with an average of M units a month": the total
  # implies the average (12 = 1 a month; 52 is over 4 a month), so only the total is encoded.
  option surface-hub "Surface Hub" {
    level silver {
      metric surface-hub-devices-shipped >= 12 devices
      attribute surface-hub-adr
      2 persons each pass ta-surface-hub
    }
    level gold {
      metric surface-hub-devices-shipped >= 52 devices
      attribute surface-hub-adr
      # "4 individuals pass the required exams and assessment", then "All individuals must
      # pass" the assessment and "All individuals must each pass" one exam: "all" means the
      # same 4 persons, each with the assessment and one of the exams.
      4 persons each pass ta-surface-hub and one_of(70-347, 70-334, 70-398, 70-697)
    }
  }
}
