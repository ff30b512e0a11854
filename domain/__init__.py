"""The pure rules of the job: records, status graph and its effects, SLA clocks, scope,
sealing and signatures.

Standard library only, and nothing else of ours: the technician's laptop (:mod:`desktop`)
and the central service (:mod:`sync.server`) both import this package, so both ends
judge a record by the same functions. A rule that both ends apply is written here once.
"""
