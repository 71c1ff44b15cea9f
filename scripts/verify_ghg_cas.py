#!/usr/bin/env python3
"""Checks the CAS numbers Yuheng's GHG flow matching added in the second wave (GHGMapping.casToSpecies and the
looks-like-a-GHG list, Sources/Engines/LCA/GreenhouseGasMapping.swift) against an independent chemical database:
the `chemicals` package's CAS index (PubChem-derived; `pip install chemicals`, MIT). Prints, per CAS number, the
compound and formula the database knows, and flags a CAS number the compound's name does not lead back to.

    python3 -m venv /tmp/chemvenv && /tmp/chemvenv/bin/pip install chemicals
    /tmp/chemvenv/bin/python scripts/verify_ghg_cas.py

Result (chemicals 1.5.2): every number is the compound of its species (formula as expected) except HFE-236fa
(20193-67-3), which the database does not index; it is kept as the AR5 report tabulates it.
"""
from chemicals.identifiers import search_chemical, CAS_from_any
pairs = {"67-66-3":"chloroform","75-09-2":"dichloromethane","74-87-3":"chloromethane","2699-79-8":"sulfuryl fluoride","373-80-8":"pentafluoro(trifluoromethyl)sulfur",
"75-61-6":"dibromodifluoromethane","1511-62-2":"bromodifluoromethane","422-56-0":"3,3-dichloro-1,1,1,2,2-pentafluoropropane","507-55-1":"1,3-dichloro-1,1,2,2,3-pentafluoropropane",
"677-56-5":"1,1,1,2,2,3-hexafluoropropane","431-63-0":"1,1,1,2,3,3-hexafluoropropane","679-86-7":"1,1,2,2,3-pentafluoropropane","138495-42-8":"1,1,1,2,2,3,4,5,5,5-decafluoropentane",
"335-57-9":"perfluoroheptane","307-34-6":"perfluorooctane","306-94-5":"perfluorodecalin","931-91-9":"hexafluorocyclopropane","115-10-6":"dimethyl ether","2314-97-8":"trifluoroiodomethane",
"3822-68-2":"pentafluorodimethyl ether","1691-17-4":"bis(difluoromethyl) ether","421-14-7":"methyl trifluoromethyl ether","26675-46-7":"isoflurane","57041-67-5":"desflurane",
"75-89-8":"2,2,2-trifluoroethanol","920-66-1":"hexafluoroisopropanol","375-03-1":"heptafluoropropyl methyl ether","20193-67-3":"HFE-236fa",
"74-84-0":"ethane","74-98-6":"propane","106-97-8":"butane","75-28-5":"isobutane","75-00-3":"chloroethane","107-06-2":"1,2-dichloroethane","79-01-6":"trichloroethylene","127-18-4":"tetrachloroethylene","106-94-5":"1-bromopropane","593-70-4":"chlorofluoromethane"}
for cas, name in pairs.items():
    try:
        m = search_chemical(cas)
        got = (m.common_name, m.formula, m.iupac_name)
    except Exception as e:
        got = ("NOT FOUND", str(e)[:60])
    try:
        byname = CAS_from_any(name)
    except Exception as e:
        byname = "?"
    flag = "" if byname == cas else "  <-- name gives %s" % byname
    print(cas, "|", name, "|", got[:2], flag)
