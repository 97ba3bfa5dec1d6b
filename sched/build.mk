# Objects of sched: scheduling policies behind the sched_ops interface.
sched-objs := rr.o
OBJS += $(addprefix sched/,$(sched-objs))
