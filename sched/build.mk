# Objects of sched: the credit scheduler behind the sched_ops interface.
sched-objs := credit.o
OBJS += $(addprefix sched/,$(sched-objs))
