"""The pure rules of the job: records, status graph, SLA clocks, scope and sealing.

Standard library only: the central service imports this package too, so both ends judge
a record the same way.
"""
