# Datacenter: one option (Datacenter Solutions). Silver: any one exam of any focus area;
# Gold: an MCSA in Windows Server.

competency datacenter "Datacenter" {
  source "Microsoft Docs, Partner Center: Datacenter competency (page as last published, 2018-2019)"

  # 70-246 and 70-247 retire 2017-12-31 and are accepted until 2018-12-31 (see the catalog).
  group system-center-2012 "System Center 2012" = one_of(70-246, 70-247)
  group virtualization "Virtualization" = 74-409
  group windows-server-2012 "Windows Server 2012" = one_of(70-410, 70-411, 70-412, 70-413, 70-414,
    70-417)
  group windows-server-2016 "Windows Server 2016" = one_of(70-740, 70-741, 70-742, 70-743, 70-744)

  option datacenter-solutions "Datacenter Solutions" {
    level silver {
      2 persons each pass one_of(system-center-2012, virtualization, windows-server-2012,
        windows-server-2016)
    }
    level gold {
      4 persons each pass one_of(MCSA-WINDOWS-SERVER-2012, MCSA-WINDOWS-SERVER-2016)
    }
  }
}
