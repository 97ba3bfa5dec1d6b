# Objects of sched: the credit scheduler behind the sched_ops interface.
sched-objs := credit.o credit-runq.o credit-acct.o
OBJS += $(addprefix sched/,$(sched-objs))
