from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = "Hoạt động cụm, khối thi đua"

    def ready(self):
        # awards sits below emulation: the Cờ thi đua check reads the published rankings through here.
        from awards.eligibility import register_group_ranking

        from .selectors import published_ranks

        register_group_ranking(published_ranks)
